import { defineMessages } from '../define.ts'

/** Login, sign-up and the signed-in person's menu. */
export default defineMessages({
  en: {
    auth: {
      loginTitle: 'Log in to DocPal',
      signupTitle: 'Create your account',
      firstTitle: 'Welcome to DocPal',
      firstHint: 'Nobody has signed up yet. The first account becomes the administrator of this server and owns the first company.',
      email: 'Email',
      password: 'Password',
      passwordHint: 'At least 8 characters',
      name: 'Your name',
      login: 'Log in',
      signup: 'Create account',
      toSignup: 'No account yet? Create one',
      toLogin: 'Have an account? Log in',
      signupClosed: 'Sign-up is by invitation only here: ask an administrator to invite you.',
      signupMailed: 'Check your mailbox: a mail to {email} tells you how to go on.',
      logout: 'Log out',
      company: 'Company',
      switched: 'Now working in {name}',
      admin: 'Server administrator',
    },
  },
  'zh-CN': {
    auth: {
      loginTitle: '登录 DocPal',
      signupTitle: '创建账户',
      firstTitle: '欢迎使用 DocPal',
      firstHint: '还没有人注册。第一个账户将成为本服务器的管理员，并拥有第一个公司。',
      email: '邮箱',
      password: '密码',
      passwordHint: '至少 8 个字符',
      name: '你的名字',
      login: '登录',
      signup: '创建账户',
      toSignup: '还没有账户？创建一个',
      toLogin: '已有账户？登录',
      signupClosed: '本服务器仅限邀请注册：请联系管理员邀请你。',
      signupMailed: '请查收邮件：发往 {email} 的邮件会告诉你下一步怎么做。',
      logout: '退出登录',
      company: '公司',
      switched: '已切换到 {name}',
      admin: '服务器管理员',
    },
  },
})
